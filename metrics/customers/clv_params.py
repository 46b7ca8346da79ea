"""The lifetime models' parameters by name: apart from :mod:`metrics.customers.clv`, which imports statsmodels and
scipy, so a page that reads the stored scores (:mod:`metrics.customers.lifetime`) loads neither."""

BGNBD_PARAMS = ["r", "alpha", "a", "b"]
GAMMA_GAMMA_PARAMS = ["p", "q", "gamma"]
