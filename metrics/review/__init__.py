"""The monthly review computed: status history as it was, check-ins due, suggested drivers from the tested map."""
