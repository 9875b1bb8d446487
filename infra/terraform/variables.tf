variable "region" {
  description = "AWS region of the deployment."
  type        = string
  default     = "sa-east-1"
}

variable "environment" {
  description = "Environment name (production, staging)."
  type        = string
  default     = "production"
}

variable "domain_name" {
  description = "Public host name of the app (app.example.com.br)."
  type        = string
}

variable "static_domain_name" {
  description = "Host name CloudFront serves the static assets under (static.example.com.br)."
  type        = string
}

variable "certificate_arn" {
  description = "ACM certificate (sa-east-1) for the ALB's HTTPS listener."
  type        = string
}

variable "cloudfront_certificate_arn" {
  description = "ACM certificate in us-east-1 for CloudFront."
  type        = string
}

variable "image" {
  description = "Container image of POC Tracker (ECR URI with a tag or digest)."
  type        = string
}

variable "availability_zones" {
  description = "The three availability zones used (sa-east-1 has a, b and c)."
  type        = list(string)
  default     = ["sa-east-1a", "sa-east-1b", "sa-east-1c"]
  validation {
    condition     = length(var.availability_zones) == 3
    error_message = "POC Tracker runs over exactly three availability zones."
  }
}

variable "vpc_cidr" {
  description = "CIDR of the VPC."
  type        = string
  default     = "10.40.0.0/16"
}

variable "web_cpu" {
  description = "CPU units of a web task."
  type        = number
  default     = 1024
}

variable "web_memory" {
  description = "Memory (MiB) of a web task."
  type        = number
  default     = 2048
}

variable "web_min_tasks" {
  description = "Fewest web tasks (at least one per AZ)."
  type        = number
  default     = 3
}

variable "web_max_tasks" {
  description = "Most web tasks."
  type        = number
  default     = 24
}

variable "worker_queues" {
  description = "Celery queues, one ECS service each, with their sizes."
  type = map(object({
    cpu         = number
    memory      = number
    min_tasks   = number
    max_tasks   = number
    concurrency = number
  }))
  default = {
    default = { cpu = 512, memory = 1024, min_tasks = 2, max_tasks = 10, concurrency = 4 }
    index   = { cpu = 512, memory = 1024, min_tasks = 2, max_tasks = 10, concurrency = 4 }
    reports = { cpu = 1024, memory = 2048, min_tasks = 1, max_tasks = 6, concurrency = 2 }
    videos  = { cpu = 2048, memory = 4096, min_tasks = 1, max_tasks = 6, concurrency = 1 }
  }
}

variable "db_instance_class" {
  description = "RDS instance class."
  type        = string
  default     = "db.r6g.large"
}

variable "db_allocated_storage" {
  description = "RDS storage, GiB (grows automatically up to 4x)."
  type        = number
  default     = 100
}

variable "redis_node_type" {
  description = "ElastiCache node type."
  type        = string
  default     = "cache.r6g.large"
}

variable "opensearch_instance_type" {
  description = "OpenSearch data node type."
  type        = string
  default     = "r6g.large.search"
}

variable "opensearch_master_type" {
  description = "OpenSearch dedicated master node type."
  type        = string
  default     = "m6g.large.search"
}

variable "alarm_email" {
  description = "Address the CloudWatch alarms are sent to (PagerDuty's e-mail integration, for example)."
  type        = string
}
