from datetime import datetime
from flowdsl import Wait, Workflow

workflow = Workflow("NaiveWait", Wait("W", timestamp=datetime(2030, 1, 1)))  # expect: naive-datetime
