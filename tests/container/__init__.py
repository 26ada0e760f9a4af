"""The container image: static checks of Dockerfile and compose.yaml; helpers for scripts/container-test.sh."""
