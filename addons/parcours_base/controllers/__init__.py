from . import export
from . import rpc
