"""The Sales team view: ranking, attainment, weekly stage advancement and the reps' target editor."""
