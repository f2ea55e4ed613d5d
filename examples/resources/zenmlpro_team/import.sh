# A team is imported by its id, or by "<organization name or id>/<team name>".
terraform import zenmlpro_team.ml_engineers 123e4567-e89b-12d3-a456-426614174000
terraform import zenmlpro_team.ml_engineers acme/ml-engineers
