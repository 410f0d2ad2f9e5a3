"""Public-schema parts of onboarding: the product catalogue shared by all kommuner and the portfolio index."""
