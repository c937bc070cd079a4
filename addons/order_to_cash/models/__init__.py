from . import o2c_stage_log
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import o2c_order_check
from . import o2c_sale_channel
from . import payment_transaction
