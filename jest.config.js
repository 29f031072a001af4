// One jest run, several projects. `npm test` runs everything under TZ=UTC, then the `time`
// project again under TZ=Asia/Shanghai (a process-wide setting, so it needs its own run).
const tsNode = ['ts-jest', { tsconfig: '<rootDir>/tsconfig.json' }];

const node = (displayName, testMatch, extra = {}) => ({
  displayName,
  testEnvironment: 'node',
  rootDir: __dirname,
  testMatch,
  transform: { '^.+\\.ts$': tsNode },
  moduleFileExtensions: ['ts', 'js', 'json'],
  ...extra,
});

module.exports = {
  testTimeout: 30000,
  projects: [
    node('emulator', ['<rootDir>/tests/emulator/**/*.test.ts']),
    node('functions', ['<rootDir>/tests/functions/**/*.test.ts', '<rootDir>/tests/build/**/*.test.ts', '<rootDir>/tests/deploy/**/*.test.ts'], {
      testPathIgnorePatterns: ['\\.tz\\.test\\.ts$'],
    }),
    node('time', ['<rootDir>/tests/domain/**/*.test.ts', '<rootDir>/tests/**/*.tz.test.ts']),
    // the web console in headless Chromium (npm run test:browser builds the functions and the console first)
    node('browser', ['<rootDir>/tests/browser/**/*.test.ts'], { testTimeout: 120000 }),
    {
      displayName: 'pages',
      testEnvironment: 'jsdom',
      rootDir: __dirname,
      testMatch: ['<rootDir>/tests/pages/**/*.test.ts', '<rootDir>/tests/compile/**/*.test.ts'],
      moduleFileExtensions: ['ts', 'js', 'json'],
      transform: { '^.+\\.[tj]s$': ['ts-jest', { tsconfig: '<rootDir>/tsconfig.jest.json' }] },
      transformIgnorePatterns: ['/node_modules/'],
      moduleNameMapper: {
        '^tdesign-miniprogram/(.*)$': '<rootDir>/miniprogram/miniprogram_npm/tdesign-miniprogram/$1',
        '^tslib$': '<rootDir>/miniprogram/miniprogram_npm/tdesign-miniprogram/miniprogram_npm/tslib/index.js',
      },
      setupFiles: ['<rootDir>/tests/pages/setup-wx.ts'],
    },
  ],
};
