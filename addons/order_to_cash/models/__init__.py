from . import o2c_stage_log
from . import sale_order
