# Redis 7 (Celery broker, Reflex state, rate limits, Dojo bus): a primary and two replicas over three AZs,
# automatic failover, encrypted at rest and in transit, AUTH token, snapshots every day kept 7 days.
resource "aws_elasticache_subnet_group" "main" {
  name       = local.name
  subnet_ids = aws_subnet.private[*].id
}

resource "aws_elasticache_replication_group" "main" {
  replication_group_id        = local.name
  description                 = "POC Tracker broker, state and cache"
  engine                      = "redis"
  engine_version              = "7.1"
  node_type                   = var.redis_node_type
  num_cache_clusters          = 3
  automatic_failover_enabled  = true
  multi_az_enabled            = true
  preferred_cache_cluster_azs = local.azs
  subnet_group_name           = aws_elasticache_subnet_group.main.name
  security_group_ids          = [aws_security_group.data.id]
  at_rest_encryption_enabled  = true
  kms_key_id                  = aws_kms_key.main.arn
  transit_encryption_enabled  = true
  auth_token                  = random_password.redis.result
  snapshot_retention_limit    = 7
  snapshot_window             = "04:00-05:00"
  maintenance_window          = "sun:07:30-sun:08:30"
  auto_minor_version_upgrade  = true
  apply_immediately           = false
  log_delivery_configuration {
    destination      = aws_cloudwatch_log_group.redis.name
    destination_type = "cloudwatch-logs"
    log_format       = "json"
    log_type         = "slow-log"
  }
}

resource "random_password" "redis" {
  length  = 64
  special = false
}

resource "aws_cloudwatch_log_group" "redis" {
  name              = "/poc-tracker/${var.environment}/redis"
  retention_in_days = 365
  kms_key_id        = aws_kms_key.main.arn
}
