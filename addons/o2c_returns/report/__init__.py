from . import o2c_return_report
