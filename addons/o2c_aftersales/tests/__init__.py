from . import test_answer
from . import test_cron
from . import test_performance
from . import test_scheduling
from . import test_security
from . import test_token_page
from . import test_views
from . import test_access_matrix
