# Secrets Manager, encrypted with the KMS key: connection URLs, the JWT key pair, the /metrics token.
resource "aws_secretsmanager_secret" "database_url" {
  name       = "poc-tracker/${var.environment}/database-url"
  kms_key_id = aws_kms_key.main.arn
  # checkov:skip=CKV2_AWS_57:the password rotates with docs/operations.md (a rotation Lambda is not part of this stack)
}

resource "aws_secretsmanager_secret_version" "database_url" {
  secret_id     = aws_secretsmanager_secret.database_url.id
  secret_string = "postgresql://poc_tracker:${random_password.db.result}@${aws_db_instance.primary.address}:5432/poc_tracker?sslmode=require"
}

resource "aws_secretsmanager_secret" "redis_url" {
  name       = "poc-tracker/${var.environment}/redis-url"
  kms_key_id = aws_kms_key.main.arn
  # checkov:skip=CKV2_AWS_57:the AUTH token rotates with docs/operations.md
}

resource "aws_secretsmanager_secret_version" "redis_url" {
  secret_id     = aws_secretsmanager_secret.redis_url.id
  secret_string = "rediss://:${random_password.redis.result}@${aws_elasticache_replication_group.main.primary_endpoint_address}:6379/0"
}

# The RS256 key pair: its value is set by the operator (docs/operations.md, "Rotate the JWT keys").
resource "aws_secretsmanager_secret" "jwt" {
  name       = "poc-tracker/${var.environment}/jwt"
  kms_key_id = aws_kms_key.main.arn
  # checkov:skip=CKV2_AWS_57:rotated by the documented two-step key rotation, not by a Lambda
}

resource "aws_secretsmanager_secret" "metrics_token" {
  name       = "poc-tracker/${var.environment}/metrics-token"
  kms_key_id = aws_kms_key.main.arn
  # checkov:skip=CKV2_AWS_57:shared with Prometheus; rotated by hand with it
}

resource "random_password" "metrics_token" {
  length  = 48
  special = false
}

resource "aws_secretsmanager_secret_version" "metrics_token" {
  secret_id     = aws_secretsmanager_secret.metrics_token.id
  secret_string = random_password.metrics_token.result
}
