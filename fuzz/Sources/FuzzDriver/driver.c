// Empty: the module only declares LLVMFuzzerRunDriver, which the libFuzzer runtime defines.
