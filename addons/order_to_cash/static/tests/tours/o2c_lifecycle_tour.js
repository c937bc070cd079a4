/** @odoo-module **/
import {registry} from "@web/core/registry";
import saleTourUtils from "@sale/js/tours/tour_utils";

/**
 * The order-to-cash path of one order in the web client, as the people
 * doing it click through it: intake (a new quotation), review (held for
 * credit), release (credit manager), confirm, control (warehouse) and ship.
 * The test (tests/test_tour.py) prepares the customer, product, stock and
 * control point, and checks the documents afterwards.
 */
registry.category("web_tour.tours").add("o2c_lifecycle_tour", {
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
      content: "The orders kanban is grouped by lifecycle stage",
      trigger: ".o_kanban_view .o_kanban_group .o_column_title:contains('Intake')",
    },
    // Intake
    {
      content: "Enter a new order",
      trigger: ".o-kanban-button-new",
      run: "click",
    },
    ...saleTourUtils.selectCustomer("O2C Tour Kunde"),
    ...saleTourUtils.addProduct("O2C Tour Ware"),
    {
      content: "Order ten pieces",
      trigger: ".o_selected_row div[name='product_uom_qty'] input",
      run: "edit 10",
    },
    {
      content: "Save the quotation",
      trigger: ".o_form_button_save",
      run: "click",
    },
    {
      content: "The quotation is in intake",
      trigger:
        ".o_form_saved .o_statusbar_status button[data-value='intake'].o_arrow_button_current",
    },
    // Review
    {
      content: "Review the order: credit, availability, prices, terms",
      trigger: ".o_statusbar_buttons button[name='action_o2c_review']",
      run: "click",
    },
    {
      content: "The credit limit puts it on hold",
      trigger: ".o_form_view .alert-danger:contains('On hold')",
    },
    // Release
    {
      content: "Release the held order (credit manager)",
      trigger: ".o_statusbar_buttons button:contains('Release')",
      run: "click",
    },
    {
      content: "Give the reason of the release",
      trigger: ".modal .o_field_widget[name='reason'] textarea",
      run: "edit Vorkasse vereinbart",
    },
    {
      content: "Confirm the release",
      trigger: ".modal button[name='action_release']",
      run: "click",
    },
    // Confirm
    {
      content: "Confirm the released order",
      trigger:
        "body:not(:has(.modal)) .o_statusbar_buttons button[name='action_confirm']",
      run: "click",
    },
    {
      content: "Open the delivery",
      trigger: ".oe_stat_button[name='action_view_delivery']",
      run: "click",
    },
    // Control
    {
      content: "Open the control points",
      trigger: ".o_notebook a[name='o2c_control']",
      run: "click",
    },
    {
      content: "Tick the manual control point",
      trigger:
        ".o_field_widget[name='o2c_control_ids'] .o_data_row:contains('Lieferschein beigelegt') .o_boolean_toggle input",
      run: "click",
    },
    {
      content: "The point is ticked",
      trigger:
        ".o_field_widget[name='o2c_control_ids'] .o_data_row .o_boolean_toggle input:checked",
    },
    {
      content: "The warehouse checks the goods",
      trigger: ".o_statusbar_buttons button[name='action_o2c_control_pass']",
      run: "click",
    },
    {
      content: "The control has passed",
      trigger: ".o_field_widget[name='o2c_control_state']:contains('Passed')",
    },
    // Ship
    {
      content: "Ship the checked goods",
      trigger: ".o_statusbar_buttons button[name='button_validate']",
      run: "click",
    },
    {
      content: "The delivery is done",
      trigger: ".o_statusbar_status button[data-value='done'].o_arrow_button_current",
    },
  ],
});
