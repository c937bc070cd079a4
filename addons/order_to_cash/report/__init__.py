from . import o2c_delivery_report
from . import o2c_receivable_report
from . import o2c_dso_report
