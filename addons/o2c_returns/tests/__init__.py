from . import test_return_flow
from . import test_return_guard
from . import test_return_portal
from . import test_return_misc
from . import test_return_portal_http
from . import test_access_matrix
from . import test_guard
from . import test_return_input
