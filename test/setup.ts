/** Global test setup: React 19 warns about act() unless the environment declares support for it. */
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;
