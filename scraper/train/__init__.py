"""Training the cleaners' models from labelled pages, and judging them out of sample."""
