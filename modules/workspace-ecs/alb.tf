# An Application Load Balancer terminating TLS with an ACM certificate; plain
# HTTP is only ever redirected to HTTPS.

resource "aws_security_group" "alb" {
  name_prefix = "${local.name}-alb-"
  description = "ZenML load balancer: HTTPS (and HTTP redirect) in, server port out"
  vpc_id      = local.vpc_id

  tags = merge(local.tags, { Name = "${local.name}-alb" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_vpc_security_group_ingress_rule" "alb" {
  for_each = {
    for pair in setproduct(var.alb_ingress_cidrs, [80, 443]) : "${pair[0]}-${pair[1]}" => {
      cidr = pair[0]
      port = pair[1]
    }
  }

  security_group_id = aws_security_group.alb.id
  description       = each.value.port == 443 ? "HTTPS from clients" : "HTTP from clients (redirected to HTTPS)"
  ip_protocol       = "tcp"
  from_port         = each.value.port
  to_port           = each.value.port
  cidr_ipv4         = each.value.cidr

  tags = local.tags
}

resource "aws_vpc_security_group_egress_rule" "alb_to_service" {
  security_group_id            = aws_security_group.alb.id
  description                  = "Server port of the ZenML server tasks"
  ip_protocol                  = "tcp"
  from_port                    = var.container_port
  to_port                      = var.container_port
  referenced_security_group_id = aws_security_group.service.id

  tags = local.tags
}

resource "aws_lb" "this" {
  name               = local.name
  load_balancer_type = "application"
  # trivy:ignore:AVD-AWS-0053 Users' browsers, CLIs and pipelines must reach the server: internet-facing by default, limited to alb_ingress_cidrs, with alb_internal = true for private networks.
  internal        = var.alb_internal
  security_groups = [aws_security_group.alb.id]
  subnets         = var.alb_internal ? local.private_subnet_ids : local.public_subnet_ids

  drop_invalid_header_fields = true
  enable_deletion_protection = var.alb_deletion_protection

  dynamic "access_logs" {
    for_each = var.alb_access_logs_bucket != null ? [var.alb_access_logs_bucket] : []

    content {
      bucket  = access_logs.value
      prefix  = local.name
      enabled = true
    }
  }

  tags = local.tags
}

resource "aws_lb_target_group" "server" {
  # A prefix lets a replacement target group be created before the old one
  # is detached from the listener.
  name_prefix          = "zenml-"
  target_type          = "ip"
  protocol             = "HTTP"
  port                 = var.container_port
  vpc_id               = local.vpc_id
  deregistration_delay = 30

  health_check {
    path                = module.config.health_check_path
    matcher             = "200"
    interval            = 15
    timeout             = 5
    healthy_threshold   = 2
    unhealthy_threshold = 3
  }

  tags = merge(local.tags, { Name = "${local.name}-server" })

  lifecycle {
    create_before_destroy = true
  }
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.this.arn
  port              = 443
  protocol          = "HTTPS"
  ssl_policy        = var.alb_ssl_policy
  certificate_arn   = var.certificate_arn

  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.server.arn
  }

  tags = local.tags
}

resource "aws_lb_listener" "http_redirect" {
  load_balancer_arn = aws_lb.this.arn
  port              = 80
  protocol          = "HTTP"

  default_action {
    type = "redirect"

    redirect {
      protocol    = "HTTPS"
      port        = "443"
      status_code = "HTTP_301"
    }
  }

  tags = local.tags
}

resource "aws_route53_record" "server" {
  count = var.route53_zone_id != null ? 1 : 0

  zone_id = var.route53_zone_id
  name    = var.hostname
  type    = "A"

  alias {
    name                   = aws_lb.this.dns_name
    zone_id                = aws_lb.this.zone_id
    evaluate_target_health = true
  }
}
