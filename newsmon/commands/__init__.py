"""One module per `newsmon` subcommand; each has `register(subparsers)`."""
