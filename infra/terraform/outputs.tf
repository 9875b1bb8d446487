output "alb_dns_name" {
  description = "Point the app's DNS name (CNAME/alias) here."
  value       = aws_lb.web.dns_name
}

output "cloudfront_domain_name" {
  description = "Point the static assets' DNS name here."
  value       = aws_cloudfront_distribution.static.domain_name
}

output "database_endpoint" {
  description = "RDS primary endpoint."
  value       = aws_db_instance.primary.address
}

output "database_replica_endpoint" {
  description = "RDS read replica endpoint."
  value       = aws_db_instance.replica.address
}

output "files_bucket" {
  description = "S3 bucket of tenants' files."
  value       = aws_s3_bucket.files.id
}

output "ecs_cluster" {
  description = "ECS cluster name (run the migrate task here before each deploy)."
  value       = aws_ecs_cluster.main.name
}
