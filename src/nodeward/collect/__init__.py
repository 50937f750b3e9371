"""Discovery and parsing of the audited project (never executes it): the disk walk, manifests, containers, CI, YAML."""
