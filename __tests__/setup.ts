import { Testing } from 'cdktf';
import { removeTestOutdirs } from './util';

Testing.setupJest();
afterAll(removeTestOutdirs);
