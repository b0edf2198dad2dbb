//! Integration tests: one module per subcommand.
