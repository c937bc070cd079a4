from . import o2c_followup
from . import o2c_followup_report
from . import product_template
from . import res_company
from . import res_config_settings
from . import res_partner
from . import sale_order
from . import o2c_kpi
