"""Framework packs: what is assessed (themes, key areas, enablers, levels), as validated data."""
