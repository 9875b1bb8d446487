# POC Tracker on AWS, sa-east-1 (São Paulo) across three availability zones.
terraform {
  required_version = ">= 1.6"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = "~> 5.60"
    }
    random = {
      source  = "hashicorp/random"
      version = "~> 3.6"
    }
  }
  backend "s3" {
    # Filled per environment: terraform init -backend-config=env/production.backend.hcl
  }
}

provider "aws" {
  region = var.region
  default_tags {
    tags = {
      Project     = "poc-tracker"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}

# CloudFront certificates and its WAF live in us-east-1, whatever the region of the rest.
provider "aws" {
  alias  = "us_east_1"
  region = "us-east-1"
  default_tags {
    tags = {
      Project     = "poc-tracker"
      Environment = var.environment
      ManagedBy   = "terraform"
    }
  }
}
