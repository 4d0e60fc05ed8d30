"""The entrypoint: every request goes through the router (ui.navigation); after the first page, the process's
long-lived objects are set aside from garbage collection (ui.shell.settle_memory)."""

from ui.navigation import route
from ui.shell import settle_memory

route()
settle_memory()
