"""The sales team: breakdowns by sales rep (``breakdown``), attainment against each rep's monthly target and a
ranking (``attainment``), weekly stage advancement of opportunities (``advancement``), and who is on the team for
a period (``team``)."""
