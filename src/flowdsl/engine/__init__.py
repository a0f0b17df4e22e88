"""The local interpreter: runs a `StateMachine` the way AWS Step Functions would."""
