/** @odoo-module **/
import {registry} from "@web/core/registry";

/**
 * The customer's view of an order in the portal, as a customer's buyer
 * walks it: the list of orders with their stage, the order's lifecycle
 * panel (current step, tracking link), the return request form, back to
 * the order and on to its invoice. The test
 * (tests/test_portal_tour.py) prepares a shipped and invoiced order.
 */
registry.category("web_tour.tours").add("o2c_portal_lifecycle_tour", {
  url: "/my/orders",
  steps: () => [
    {
      content: "The list shows the order's stage",
      trigger: "td.o2c_portal_list_stage:contains('Payment')",
    },
    {
      content: "Open the order",
      trigger: "a:contains('O2C-TOUR')",
      run: "click",
    },
    {
      content: "The panel marks the current step",
      trigger: "#o2c_portal_steps li.o2c_portal_step_current[data-step='payment']",
    },
    {
      content: "The shipment has its tracking link",
      trigger:
        "#o2c_portal_shipments a.o2c_portal_tracking_link[href='https://track.example.com/?id=TOUR42']",
    },
    {
      content: "Reach the return request",
      trigger: "a.o2c_portal_request_return",
      run: "click",
    },
    {
      content: "The return form offers the delivered goods",
      trigger: "form[action$='/return'] input[name^='qty_']",
    },
    {
      content: "Back to the order",
      trigger: "form[action$='/return']",
      run() {
        const action = document
          .querySelector("form[action$='/return']")
          .getAttribute("action");
        window.location.href = action.replace(/\/return$/, "");
      },
    },
    {
      content: "Open the invoice",
      trigger: "#o2c_portal_invoices a.o2c_portal_invoice_link",
      run: "click",
    },
    {
      content: "The invoice's portal page (with core's payment and download)",
      trigger: ".o_portal_invoice_sidebar",
    },
  ],
});
