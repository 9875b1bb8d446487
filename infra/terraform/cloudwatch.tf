# CloudWatch alarms mirroring the Prometheus alerts with AWS's own metrics, sent to an encrypted SNS topic.
resource "aws_sns_topic" "alarms" {
  name              = "${local.name}-alarms"
  kms_master_key_id = aws_kms_key.main.id
}

resource "aws_sns_topic_subscription" "alarms" {
  topic_arn = aws_sns_topic.alarms.arn
  protocol  = "email"
  endpoint  = var.alarm_email
}

locals {
  alb_dims = { LoadBalancer = aws_lb.web.arn_suffix }
  alarms = {
    web-unhealthy-hosts = {
      namespace = "AWS/ApplicationELB", metric = "UnHealthyHostCount", stat = "Maximum", threshold = 0,
      op        = "GreaterThanThreshold", periods = 2,
      dims      = { LoadBalancer = aws_lb.web.arn_suffix, TargetGroup = aws_lb_target_group.web.arn_suffix },
      text      = "A web task fails its health check (service down)"
    }
    web-5xx = {
      namespace = "AWS/ApplicationELB", metric = "HTTPCode_Target_5XX_Count", stat = "Sum", threshold = 50,
      op        = "GreaterThanThreshold", periods = 5, dims = local.alb_dims,
      text      = "Many 5xx answers (see the HighErrorRate alert for the share)"
    }
    web-p95-latency = {
      namespace = "AWS/ApplicationELB", metric = "TargetResponseTime", stat = "p95", threshold = 2,
      op        = "GreaterThanThreshold", periods = 10, dims = local.alb_dims,
      text      = "p95 response time above 2 s"
    }
    db-cpu = {
      namespace = "AWS/RDS", metric = "CPUUtilization", stat = "Average", threshold = 80,
      op        = "GreaterThanThreshold", periods = 10, dims = { DBInstanceIdentifier = aws_db_instance.primary.identifier },
      text      = "Database CPU above 80 %"
    }
    db-free-storage = {
      namespace = "AWS/RDS", metric = "FreeStorageSpace", stat = "Minimum",
      threshold = var.db_allocated_storage * 1073741824 * 0.2, op = "LessThanThreshold", periods = 5,
      dims      = { DBInstanceIdentifier = aws_db_instance.primary.identifier },
      text      = "Database disk below 20 % free"
    }
    db-replica-lag = {
      namespace = "AWS/RDS", metric = "ReplicaLag", stat = "Maximum", threshold = 300,
      op        = "GreaterThanThreshold", periods = 5, dims = { DBInstanceIdentifier = aws_db_instance.replica.identifier },
      text      = "Read replica more than 5 minutes behind"
    }
    redis-memory = {
      namespace = "AWS/ElastiCache", metric = "DatabaseMemoryUsagePercentage", stat = "Maximum", threshold = 80,
      op        = "GreaterThanThreshold", periods = 5,
      dims      = { ReplicationGroupId = aws_elasticache_replication_group.main.id },
      text      = "Redis memory above 80 %"
    }
    opensearch-red = {
      namespace = "AWS/ES", metric = "ClusterStatus.red", stat = "Maximum", threshold = 0,
      op        = "GreaterThanThreshold", periods = 1,
      dims      = { DomainName = aws_opensearch_domain.main.domain_name, ClientId = data.aws_caller_identity.current.account_id },
      text      = "OpenSearch cluster red: a primary shard is missing"
    }
    opensearch-free-storage = {
      namespace = "AWS/ES", metric = "FreeStorageSpace", stat = "Minimum", threshold = 20480,
      op        = "LessThanThreshold", periods = 5,
      dims      = { DomainName = aws_opensearch_domain.main.domain_name, ClientId = data.aws_caller_identity.current.account_id },
      text      = "OpenSearch node below 20 GiB (20 %) free"
    }
  }
}

resource "aws_cloudwatch_metric_alarm" "main" {
  for_each            = local.alarms
  alarm_name          = "${local.name}-${each.key}"
  alarm_description   = each.value.text
  namespace           = each.value.namespace
  metric_name         = each.value.metric
  statistic           = contains(["Sum", "Average", "Minimum", "Maximum", "SampleCount"], each.value.stat) ? each.value.stat : null
  extended_statistic  = contains(["Sum", "Average", "Minimum", "Maximum", "SampleCount"], each.value.stat) ? null : each.value.stat
  dimensions          = each.value.dims
  period              = 60
  evaluation_periods  = each.value.periods
  threshold           = each.value.threshold
  comparison_operator = each.value.op
  treat_missing_data  = "notBreaching"
  alarm_actions       = [aws_sns_topic.alarms.arn]
  ok_actions          = [aws_sns_topic.alarms.arn]
}
