from . import o2c_followup_answer
