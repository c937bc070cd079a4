/** @odoo-module **/
import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("o2c_smoke_tour", {
  url: "/odoo",
  steps: () => [
    {
      content: "Open the apps menu",
      trigger: ".o_navbar_apps_menu button",
      run: "click",
    },
    {
      content: "Open the Order to Cash app",
      trigger: ".o_app[data-menu-xmlid='order_to_cash.menu_o2c_root']",
      run: "click",
    },
    {
      content: "Orders are grouped by lifecycle stage",
      trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains('Intake')",
    },
  ],
});
