from . import test_performance
from . import test_security
from . import test_stage
from . import test_views
from . import test_fulfilment
from . import test_review
from . import test_intake
from . import test_review_performance
