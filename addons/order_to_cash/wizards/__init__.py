from . import o2c_control_fail_wizard
from . import stock_backorder_confirmation
from . import o2c_order_release
from . import o2c_reminder_pause_wizard
from . import o2c_shipment_release
from . import o2c_payment_plan_wizard
