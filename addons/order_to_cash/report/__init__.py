from . import o2c_delivery_report
