# ECS Fargate: the web service behind the ALB (autoscaled on CPU and requests per task), one service per
# Celery queue (autoscaled on CPU), one beat, and a one-off migrate task definition run before each deploy.
resource "aws_ecs_cluster" "main" {
  name = local.name
  setting {
    name  = "containerInsights"
    value = "enabled"
  }
}

resource "aws_cloudwatch_log_group" "app" {
  name              = "/poc-tracker/${var.environment}/app"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.main.arn
}

locals {
  environment = [
    { name = "POC_TRACKER_ENV", value = "production" },
    { name = "POC_TRACKER_APP_URL", value = "https://${var.domain_name}" },
    { name = "POC_TRACKER_STORAGE_BACKEND", value = "s3" },
    { name = "POC_TRACKER_S3_BUCKET", value = aws_s3_bucket.files.id },
    { name = "POC_TRACKER_S3_REGION", value = var.region },
    { name = "POC_TRACKER_OPENSEARCH_URL", value = "https://${aws_opensearch_domain.main.endpoint}" },
    { name = "POC_TRACKER_OPENSEARCH_REPLICAS", value = "1" },
    { name = "POC_TRACKER_OPENSEARCH_SHARDS", value = "3" },
    { name = "OTEL_EXPORTER_OTLP_ENDPOINT", value = "http://127.0.0.1:4318" }, # the ADOT sidecar, to X-Ray
    { name = "POC_TRACKER_TRACE_SAMPLE_RATIO", value = "0.1" },
  ]
  secrets = [
    { name = "POC_TRACKER_DATABASE_URL", valueFrom = aws_secretsmanager_secret.database_url.arn },
    { name = "POC_TRACKER_REDIS_URL", valueFrom = aws_secretsmanager_secret.redis_url.arn },
    { name = "POC_TRACKER_JWT_PRIVATE_KEY", valueFrom = "${aws_secretsmanager_secret.jwt.arn}:private_key::" },
    { name = "POC_TRACKER_JWT_PUBLIC_KEY", valueFrom = "${aws_secretsmanager_secret.jwt.arn}:public_key::" },
    { name = "POC_TRACKER_METRICS_TOKEN", valueFrom = aws_secretsmanager_secret.metrics_token.arn },
  ]
  otel_sidecar = {
    name      = "otel-collector"
    image     = "public.ecr.aws/aws-observability/aws-otel-collector:v0.40.0"
    essential = false
    command   = ["--config=/etc/ecs/ecs-default-config.yaml"]
    logConfiguration = {
      logDriver = "awslogs"
      options = {
        awslogs-group         = aws_cloudwatch_log_group.app.name
        awslogs-region        = var.region
        awslogs-stream-prefix = "otel"
      }
    }
  }
  processes = merge(
    { web = { command = ["web"], cpu = var.web_cpu, memory = var.web_memory, port = 3000, extra = [] } },
    { beat = { command = ["beat"], cpu = 256, memory = 512, port = 0, extra = [] } },
    { migrate = { command = ["migrate"], cpu = 512, memory = 1024, port = 0, extra = [] } },
    {
      for queue, size in var.worker_queues : "worker-${queue}" => {
        command = ["worker", queue]
        cpu     = size.cpu
        memory  = size.memory
        port    = 9100
        extra = [
          { name = "WORKER_CONCURRENCY", value = tostring(size.concurrency) },
          { name = "POC_TRACKER_WORKER_METRICS_PORT", value = "9100" },
        ]
      }
    },
  )
}

resource "aws_ecs_task_definition" "process" {
  for_each                 = local.processes
  family                   = "${local.name}-${each.key}"
  requires_compatibilities = ["FARGATE"]
  network_mode             = "awsvpc"
  cpu                      = each.value.cpu
  memory                   = each.value.memory
  execution_role_arn       = aws_iam_role.execution.arn
  task_role_arn            = aws_iam_role.task.arn
  runtime_platform {
    operating_system_family = "LINUX"
    cpu_architecture        = "X86_64" # ARM64 (Graviton) once the image is built for it (docker buildx)
  }
  container_definitions = jsonencode([
    {
      name                   = "app"
      image                  = var.image
      command                = each.value.command
      essential              = true
      readonlyRootFilesystem = false # Reflex writes its compiled pages under /app/.web at start
      user                   = "10001:10001"
      environment            = concat(local.environment, each.value.extra)
      secrets                = local.secrets
      portMappings           = each.value.port > 0 ? [{ containerPort = each.value.port, protocol = "tcp" }] : []
      stopTimeout            = 60 # Celery finishes (acks late) or hands back its task on SIGTERM
      logConfiguration = {
        logDriver = "awslogs"
        options = {
          awslogs-group         = aws_cloudwatch_log_group.app.name
          awslogs-region        = var.region
          awslogs-stream-prefix = each.key
        }
      }
    },
    local.otel_sidecar,
  ])
}

resource "aws_ecs_service" "web" {
  name                               = "web"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.process["web"].arn
  desired_count                      = var.web_min_tasks
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200
  health_check_grace_period_seconds  = 90
  enable_execute_command             = false

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.web.arn
    container_name   = "app"
    container_port   = 3000
  }
  lifecycle {
    ignore_changes = [desired_count] # the autoscaler owns it
  }
}

resource "aws_ecs_service" "worker" {
  for_each                           = var.worker_queues
  name                               = "worker-${each.key}"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.process["worker-${each.key}"].arn
  desired_count                      = each.value.min_tasks
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 100
  deployment_maximum_percent         = 200

  deployment_circuit_breaker {
    enable   = true
    rollback = true
  }
  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }
  lifecycle {
    ignore_changes = [desired_count]
  }
}

# Exactly one beat: a second would schedule every job twice, so a deploy stops the old one first.
resource "aws_ecs_service" "beat" {
  name                               = "beat"
  cluster                            = aws_ecs_cluster.main.id
  task_definition                    = aws_ecs_task_definition.process["beat"].arn
  desired_count                      = 1
  launch_type                        = "FARGATE"
  deployment_minimum_healthy_percent = 0
  deployment_maximum_percent         = 100
  network_configuration {
    subnets          = aws_subnet.private[*].id
    security_groups  = [aws_security_group.tasks.id]
    assign_public_ip = false
  }
}

resource "aws_appautoscaling_target" "web" {
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.web.name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = var.web_min_tasks
  max_capacity       = var.web_max_tasks
}

resource "aws_appautoscaling_policy" "web_cpu" {
  name               = "web-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 60
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}

# Connections: requests per task per minute at the ALB (each task serves a bounded number of request slots).
resource "aws_appautoscaling_policy" "web_requests" {
  name               = "web-requests"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.web.service_namespace
  resource_id        = aws_appautoscaling_target.web.resource_id
  scalable_dimension = aws_appautoscaling_target.web.scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 1000
    scale_in_cooldown  = 300
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ALBRequestCountPerTarget"
      resource_label         = "${aws_lb.web.arn_suffix}/${aws_lb_target_group.web.arn_suffix}"
    }
  }
}

resource "aws_appautoscaling_target" "worker" {
  for_each           = var.worker_queues
  service_namespace  = "ecs"
  resource_id        = "service/${aws_ecs_cluster.main.name}/${aws_ecs_service.worker[each.key].name}"
  scalable_dimension = "ecs:service:DesiredCount"
  min_capacity       = each.value.min_tasks
  max_capacity       = each.value.max_tasks
}

resource "aws_appautoscaling_policy" "worker_cpu" {
  for_each           = var.worker_queues
  name               = "worker-${each.key}-cpu"
  policy_type        = "TargetTrackingScaling"
  service_namespace  = aws_appautoscaling_target.worker[each.key].service_namespace
  resource_id        = aws_appautoscaling_target.worker[each.key].resource_id
  scalable_dimension = aws_appautoscaling_target.worker[each.key].scalable_dimension
  target_tracking_scaling_policy_configuration {
    target_value       = 70
    scale_in_cooldown  = 600
    scale_out_cooldown = 60
    predefined_metric_specification {
      predefined_metric_type = "ECSServiceAverageCPUUtilization"
    }
  }
}
