"""Pages about connections and deliveries: thin, each checks access and calls one selector or service."""
