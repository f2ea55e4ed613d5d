# A VPC with private subnets (cluster nodes and database) and public subnets
# (load balancers, NAT gateways), or the subnets of an existing VPC. Subnets
# carry the role tags load balancer controllers look for.

module "network" {
  source = "../aws-network"

  name                    = local.name
  tags                    = local.tags
  create_vpc              = var.create_vpc
  vpc_cidr                = var.vpc_cidr
  availability_zone_count = var.availability_zone_count
  single_nat_gateway      = var.single_nat_gateway
  vpc_id                  = var.vpc_id
  private_subnet_ids      = var.private_subnet_ids
  public_subnet_ids       = var.public_subnet_ids

  private_subnet_tags = { "kubernetes.io/role/internal-elb" = "1" }
  public_subnet_tags  = { "kubernetes.io/role/elb" = "1" }

  flow_logs = {
    retention_days = var.log_retention_days
    kms_key_arn    = local.kms_key_arn
  }
}

locals {
  vpc_id             = module.network.vpc_id
  private_subnet_ids = module.network.private_subnet_ids
  public_subnet_ids  = module.network.public_subnet_ids
}
