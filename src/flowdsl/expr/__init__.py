"""The expression layer shared by the engine and the validator: JSONPath-mode paths (`jsonpath`),
intrinsic functions (`intrinsics`), payload templates (`payload`) and the runtime error they raise
(`errors`). It imports only `model` and `diagnostics`."""
