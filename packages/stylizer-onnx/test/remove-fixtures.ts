// Jest setup file (setupFilesAfterEnv): the fixture folders a spec file made go when that file ends.
import { removeFixtureFolders } from './fixture-models.js';

afterAll(removeFixtureFolders);
