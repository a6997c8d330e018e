"""Small building blocks the screens share: labels, buttons, tiles, layouts, answer inputs."""
