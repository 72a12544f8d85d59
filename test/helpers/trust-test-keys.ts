// Loaded with `node --import` into CLI processes a test starts: that process then trusts the test key set.
import { trustTestKeys } from './licenses.js';

trustTestKeys();
