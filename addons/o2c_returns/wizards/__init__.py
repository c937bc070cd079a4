from . import stock_picking_return
