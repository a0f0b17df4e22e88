from flowdsl import Map, S, Workflow

m = Map("Each", items_path=S.items)  # expect: map-processor
workflow = Workflow("MapNoProc", m)
