"""The whole review cycle, played in a simulated Discord, for people without a bot token."""
