from . import o2c_stage_log
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import o2c_reminder_level
from . import account_move
from . import account_move_line
