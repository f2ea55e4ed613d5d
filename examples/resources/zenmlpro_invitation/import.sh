# An invitation is imported by "<organization_id>/<invitation_id>", or by its id alone when the
# provider's organization_id is its organization.
terraform import zenmlpro_invitation.dana 123e4567-e89b-12d3-a456-426614174000/7c9e6679-7425-40de-944b-e07fc1f90ae7
terraform import zenmlpro_invitation.dana 7c9e6679-7425-40de-944b-e07fc1f90ae7
