// Prettier for the XML (and YAML, JSON, JS, CSS) files, as OCA's template for
// 18.0 sets it up; run by .pre-commit-config.yaml with @prettier/plugin-xml.
/** @type {import('prettier').Config} */

const config = {
    // https://github.com/prettier/prettier/issues/15388#issuecomment-1717746872
    plugins: [require.resolve("@prettier/plugin-xml")],
    bracketSpacing: false,
    printWidth: 88,
    proseWrap: "always",
    semi: true,
    trailingComma: "es5",
    xmlWhitespaceSensitivity: "preserve",
    // Odoo's XML is indented by 4 (OCA's .editorconfig); the rest by 2.
    overrides: [{files: "*.xml", options: {tabWidth: 4}}],
};

module.exports = config;
