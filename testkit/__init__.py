"""What the tests and the benchmark share: opening pages as a server serves them (AppTest), and a sample value for
every parameter a named question can declare."""
