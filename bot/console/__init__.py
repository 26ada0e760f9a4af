"""Console adapter: the services in a terminal, for trying the bot without Discord."""
